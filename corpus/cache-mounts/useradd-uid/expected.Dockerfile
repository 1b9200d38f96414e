FROM python:3.12-slim
RUN useradd --create-home --uid 1001 app
USER app
WORKDIR /home/app/src
COPY --chown=app requirements.txt .
RUN --mount=type=cache,target=/home/app/.cache/pip,uid=1001,gid=1001 pip install --user -r requirements.txt
