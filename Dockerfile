# The debate bot. Build: `docker build -t debate-bot .`
#   Slack/Discord: docker run --env-file .env -p 3000:3000 -v botdata:/app/data debate-bot
#   the console:   docker run -it -v botdata:/app/data debate-bot
# The data folder /app/data is the volume: the SQLite database (the default DATABASE_URL,
# sqlite:///data/bot.db, is relative to the working directory /app), charts and history.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLBACKEND=Agg \
    PORT=3000

WORKDIR /app

# Noto Sans CJK, so poll charts draw Chinese, Japanese and Korean labels as typed rather than
# as "Option N" (bot/polls/chart.py, FALLBACK_FAMILIES). The sans-serif faces only: dpkg
# leaves out the serif ones the charts never use. About 40 MB in the image (the whole
# package: 91 MB); the download is 56.5 MB.
RUN echo 'path-exclude=/usr/share/fonts/opentype/noto/NotoSerifCJK-*' \
        > /etc/dpkg/dpkg.cfg.d/no-serif-cjk \
    && apt-get update \
    && apt-get install --yes --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, in a layer of their own: changing the code does not reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# Then the bot itself (no dependency resolution left to do).
COPY README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install --no-deps . \
    && useradd --create-home --uid 10001 bot \
    && mkdir -p /app/data && chown bot:bot /app/data

USER bot
VOLUME ["/app/data"]
EXPOSE 3000
# Slack over HTTP: GET /healthz (it also asks the database); other modes serve no HTTP.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
# With no chat credentials `run` starts the console on a terminal (`docker run -it`);
# without one it exits with status 2 and lists the variables to set.
CMD ["python", "-m", "bot", "run"]
