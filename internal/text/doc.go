// Package text turns a document's bytes into the units the coder reads: tokens with byte offsets,
// sentences, and quotations. It is built for news prose: abbreviations and titles ("Brig. Gen.",
// "U.S.", "Jan. 5."), possessives, curly and straight quotes, and titles on a line of their own.
//
// Every stage is a pure function of its input; nothing here allocates per token beyond the token
// slice itself, and every offset points into the original text.
package text
