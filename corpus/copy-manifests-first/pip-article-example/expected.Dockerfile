# Bad: COPY . invalidates pip install cache on every code change
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --upgrade pip && pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python -m pytest
CMD ["python", "app.py"]
