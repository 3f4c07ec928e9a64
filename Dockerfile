# syntax=docker/dockerfile:1
# kim-ledger API. Build: docker build -t kim-ledger .   Run: see docker-compose.yml and docs/deployment.md.

# --- build: compile TypeScript and the native better-sqlite3 module ---------------------------------
FROM node:20-bookworm-slim AS build
# better-sqlite3 falls back to a source build (node-gyp) when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY projections ./projections
# The web console: browser sources and the script that assembles dist/console (KERN UX from node_modules).
COPY console ./console
COPY scripts ./scripts
COPY bench ./bench
RUN npm run build
# Keep only what runs in production; the compiled better-sqlite3 binary stays in node_modules.
RUN npm prune --omit=dev
# The local identity's token tool and the demo loader (which mints local tokens) are for the embedded
# default on a developer's machine only: not in the image, so `docker exec` cannot mint a DPO token.
RUN rm -f dist/src/cli/token.js dist/src/cli/commands/demo.command.js && rm -rf dist/src/demo

# --- runtime: production dependencies and dist/ only, as an unprivileged user -----------------------
FROM node:20-bookworm-slim AS runtime
# NODE_ENV=production is the production profile: OIDC and a master key are required, the local identity
# is refused (src/config/config.ts). HOST=0.0.0.0 inside the container; compose publishes on 127.0.0.1.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    KIM_DATA_DIR=/var/lib/kim \
    KIM_KEY_DIR=/var/lib/kim-keys \
    KIM_WITNESS_DIR=/var/lib/kim-witness \
    KIM_CHECKPOINT_KEY_FILE=/var/lib/kim-checkpoint-key/checkpoint.key
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
# KIM_DATA_DIR (embedded stores), KIM_KEY_DIR (the epoch keys, a volume of its own with its own backup
# rules: docs/deployment.md), the checkpoint witness and its signing key (apart from the data,
# docs/tamper-evidence.md) are the only writable places, owner-only.
RUN groupadd --system kim && useradd --system --gid kim --home-dir /var/lib/kim --shell /usr/sbin/nologin kim \
 && mkdir -p /var/lib/kim /var/lib/kim-keys /var/lib/kim-witness /var/lib/kim-checkpoint-key \
 && chown kim:kim /var/lib/kim /var/lib/kim-keys /var/lib/kim-witness /var/lib/kim-checkpoint-key \
 && chmod 0700 /var/lib/kim /var/lib/kim-keys /var/lib/kim-witness /var/lib/kim-checkpoint-key
VOLUME ["/var/lib/kim", "/var/lib/kim-keys", "/var/lib/kim-witness", "/var/lib/kim-checkpoint-key"]
USER kim
EXPOSE 3000
# Readiness of both stores: /health answers 503 while either is unreachable. No curl in the slim image.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]
