# The cloud emulator (SLS on 8089, SCF on 8090, CLS on 8091) with its demo data.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY pkg ./pkg
RUN CGO_ENABLED=0 go build -o /out/cloud-emulator ./pkg/emulator/cmd/cloud-emulator

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates tzdata && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/cloud-emulator /usr/local/bin/cloud-emulator
EXPOSE 8089 8090 8091 8092
ENTRYPOINT ["cloud-emulator", "-sls-addr", "0.0.0.0:8089", "-scf-addr", "0.0.0.0:8090", "-cls-addr", "0.0.0.0:8091", "-sts-addr", "0.0.0.0:8092"]
