# Grafana with the plugin built from this checkout: the frontend with Node,
# the backend with Go (cgo-free), then both copied into a stock Grafana.
ARG GRAFANA_VERSION=12.2.1

FROM node:20-bookworm AS frontend
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM golang:1.26-bookworm AS backend
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -tags arrow_json_stdlib -ldflags "-w -s" \
      -o /out/gpx_cloudlogs_linux_$(go env GOARCH) ./pkg

FROM grafana/grafana:${GRAFANA_VERSION}
ENV GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=logbridge-cloudlogs-datasource
COPY --from=frontend /src/dist /var/lib/grafana/plugins/logbridge-cloudlogs-datasource
COPY --from=backend /out/ /var/lib/grafana/plugins/logbridge-cloudlogs-datasource/
