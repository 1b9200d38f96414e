FROM python:3.11
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=cache,target=/root/.cache/pypoetry,sharing=locked pip install poetry==1.8.3 && poetry install --no-root --no-interaction
