# One image for every service (the command picks which one runs): built on the current Node LTS.
FROM node:24-bookworm-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN corepack enable && corepack prepare pnpm@10.34.9 --activate
WORKDIR /app

FROM base AS deps
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
# Fetch by lockfile alone so this layer is cached until dependencies change.
RUN pnpm fetch --frozen-lockfile

FROM deps AS app
COPY . .
RUN pnpm install --offline --frozen-lockfile
USER node
ENV NODE_ENV=production
# docker-compose.yml (rendered from packages/topology) sets the command per service.
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
