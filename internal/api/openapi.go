package api

import (
	_ "embed"
	"net/http"
)

// openapiJSON is the OpenAPI 3 description of the API. TestOpenAPI holds it to the routes.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI gives the OpenAPI 3 description of the API.
func OpenAPI() []byte { return openapiJSON }

func (a *API) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*")
	_, _ = w.Write(openapiJSON)
}
