# The app image: one image for the worker, the API and the migration job (chosen by command).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# In a container the API listens on the container's interface (outside it, loopback is the
# default); whoever runs the image decides which port is published.
ENV HOST=0.0.0.0
COPY package.json package-lock.json ./
COPY scripts/generate-prisma-client.sh scripts/
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
USER node
CMD ["node", "node_modules/tsx/dist/cli.mjs", "api/main.ts"]
