FROM python:3.11-slim
WORKDIR /srv
COPY Pipfile Pipfile.lock ./
RUN pip install pipenv && pipenv install --deploy --system
COPY . .
CMD ["python", "-m", "service"]
