FROM python:3.12
WORKDIR /app
RUN apt-get update && apt-get install -y libpq-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ARG GIT_SHA
ENV APP_REVISION=${GIT_SHA}
RUN python -m compileall -q . && echo "$APP_REVISION" > REVISION
CMD ["gunicorn", "app:app"]
