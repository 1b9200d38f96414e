FROM node:20
ONBUILD ARG GIT_SHA
RUN npm install -g serve
ARG BUILD_ID
ONBUILD RUN echo "$BUILD_ID" > /build-id
RUN mkdir /app
