FROM node:20-alpine
WORKDIR /srv/app
COPY --chown=app:app --chmod=750 --link package.json package-lock.json /srv/app/
USER app
RUN npm ci --ignore-scripts
COPY --chown=app:app --chmod=750 --link . /srv/app
CMD ["node", "server.js"]
