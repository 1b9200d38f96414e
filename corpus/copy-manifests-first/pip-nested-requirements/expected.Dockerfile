FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt constraints.txt ./
COPY requirements/base.txt requirements/common.txt ./requirements/
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "app:app"]
