# One image for every service; DIGITAL_POST_SERVICES picks what a container runs.
FROM node:20-bookworm-slim
RUN npm install --global pnpm@10.34.9
WORKDIR /app
COPY . .
RUN pnpm install --frozen-lockfile
ENV HOST=0.0.0.0 DIGITAL_POST_DEV_TOKENS=off
# Young generation semi-spaces of 64 MiB: half the garbage collection under load (README).
ENV NODE_OPTIONS=--max-semi-space-size=64
CMD ["pnpm", "exec", "tsx", "services/platform/src/main.ts"]
