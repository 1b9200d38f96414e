# syntax=docker/dockerfile:1
FROM python:3.12
ARG UID=1000
ARG GID=1000
ARG HOME_DIR
ENV HOME=/home/app
USER ${UID}:${GID}
RUN --mount=type=cache,target=/home/app/.cache/pip,uid=${UID},gid=${GID} pip install flask
