# authspec in a container, for CI jobs that run in one. This file is not
# built by the project's own CI (no Docker engine there); it is kept to
# the obvious lines. Build: docker build -t authspec .
# Run: docker run --rm -v "$PWD:/work" -w /work -e STAGING_TOKEN authspec run
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /authspec ./cmd/authspec

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /authspec /usr/local/bin/authspec
USER nonroot
ENTRYPOINT ["/usr/local/bin/authspec"]
