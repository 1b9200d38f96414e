FROM python:3.12
WORKDIR /app
COPY Pipfile Pipfile.lock ./
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=cache,target=/root/.cache/pipenv pip install pipenv && pipenv install --deploy --system
