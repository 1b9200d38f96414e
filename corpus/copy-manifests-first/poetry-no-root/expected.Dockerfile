FROM python:3.12-slim
ENV POETRY_VIRTUALENVS_CREATE=false
WORKDIR /code
COPY pyproject.toml poetry.lock poetry.toml ./
RUN poetry install --no-root --only main --no-interaction
COPY . .
CMD ["python", "-m", "app"]
