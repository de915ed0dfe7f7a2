# One image for all five services (gateway, auth, users, chat, notifications).
#
# The process to run is picked by SERVICE: the build-arg sets its default, the environment overrides it,
# so one image built without the build-arg can serve every Kubernetes Deployment (each sets SERVICE),
# while docker-compose builds it once per service with `build.args.SERVICE`.
#
#   docker build -t chat-platform .
#   docker run --rm -e SERVICE=gateway -e JWT_SECRET=... -e NATS_URL=nats://host:4222 -p 3000:3000 chat-platform
#
# Plain Dockerfile syntax (no BuildKit-only features), so the classic builder can build it too.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------------------------------
# build: compile TypeScript, then drop dev dependencies so node_modules can be copied as-is.
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app

# bcrypt and better-sqlite3 are native modules; when no prebuilt binary can be fetched they compile
# from source with node-gyp, which needs python3, make and a C++ compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

# Dependencies first: this layer is reused until package.json / the lockfile change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# Sources (what is not wanted is in .dockerignore), then `tsc -p tsconfig.json` into dist/.
# tsconfig compiles the tests too; they are never loaded in production, so they are removed.
COPY . .
RUN npm run build \
 && rm -rf dist/test dist/.tsbuildinfo \
 && find dist -name '*.spec.js' -delete -o -name '*.spec.js.map' -delete \
 && npm prune --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------------------------------------------
# runtime: same base (the native modules were built against its glibc), no compiler, non-root.
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app

# A fixed numeric uid/gid, so Kubernetes can check runAsNonRoot without resolving a user name.
# /app/data is the SQLite directory (DATA_DIR), used only when MONGODB_URI is not set.
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin app \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data

# Code and dependencies stay owned by root: the process can read them, not change them.
# package.json is needed at run time: its "imports" map (#contracts, #common) points into dist/.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts/healthcheck.mjs ./scripts/healthcheck.mjs
# node's flags for every service (read by the CMD below; docs/adr/0021).
COPY --from=build /app/deploy/service-node-flags ./deploy/service-node-flags

# Inside the container every service listens on 3000 (their local defaults are 3000-3003):
# probes, compose healthchecks and the k8s Services all assume 3000. The gateway's 3000 is the public
# API; its health and metrics are on METRICS_PORT (9100). For auth, users, chat and notifications 3000 is internal.
ENV NODE_ENV=production \
    PORT=3000 \
    METRICS_PORT=9100 \
    DATA_DIR=/app/data

# Declared last so that the five per-service builds share every layer above.
ARG SERVICE=""
ENV SERVICE=${SERVICE}

USER 10001:10001
EXPOSE 3000 9100

# Kubernetes ignores this (it has its own probes); docker run / compose use it: /health/ready on the
# internal port (see scripts/healthcheck.mjs).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs"]

# `exec` makes node PID 1, so it receives SIGTERM directly and shuts down gracefully
# (drains NATS, finishes in-flight requests, closes sockets). node's flags come from deploy/service-node-flags.
CMD ["sh", "-c", "case \"$SERVICE\" in gateway|auth|users|chat|notifications|media) exec node $(sed 's/#.*//' deploy/service-node-flags) \"dist/apps/$SERVICE/src/main.js\" ;; *) echo \"SERVICE must be one of: gateway, auth, users, chat, notifications, media (got '$SERVICE')\" >&2; exit 64 ;; esac"]
