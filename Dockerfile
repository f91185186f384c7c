# The image docker-compose.yml runs: the backend with the frontend built in.
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=frontend /src/frontend/dist /app/frontend/dist
RUN useradd --create-home dovetail && mkdir -p /data && chown dovetail /data
USER dovetail
EXPOSE 8000
CMD ["python", "-m", "granian", "--interface", "wsgi", "backend.dovetail.wsgi:application", "--host", "0.0.0.0", \
     "--port", "8000", "--workers", "2", "--blocking-threads", "4", "--respawn-failed-workers"]
