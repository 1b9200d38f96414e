FROM nikolaik/python-nodejs:python3.12-nodejs20
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN npm run build && python manage.py collectstatic --noinput
