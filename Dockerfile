# The debate bot: `docker build -t debate-bot . && docker run --env-file .env -v botdata:/data debate-bot`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLBACKEND=Agg \
    DATABASE_URL=sqlite:////data/bot.db \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install . \
    && useradd --create-home --uid 10001 bot \
    && mkdir -p /data && chown bot:bot /data

USER bot
VOLUME ["/data"]
EXPOSE 3000
# With no chat credentials this would start the console, which needs a terminal:
# run with `-it` for that, or pass SLACK_*/DISCORD_* variables for a server.
CMD ["python", "-m", "bot", "run"]
