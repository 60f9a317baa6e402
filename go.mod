module github.com/dyad-events/dyad

go 1.26.8

require github.com/alecthomas/kong v1.17.0
