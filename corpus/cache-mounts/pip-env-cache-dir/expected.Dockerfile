FROM python:3.12-slim
ENV PIP_CACHE_DIR=/var/cache/pip
COPY requirements.txt /tmp/
RUN --mount=type=cache,target=/var/cache/pip python3 -m pip install -r /tmp/requirements.txt
