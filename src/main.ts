import { ConfigError, configWarnings, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startApp } from './app.js';

/** Entry point of `npm start`: configuration from the environment, signals to shut down. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`mimo-slack cannot start.\n${error.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.nodeEnv === 'development' && process.stdout.isTTY });
  for (const warning of configWarnings(config)) {
    logger.warn(warning);
  }

  let app;
  try {
    app = await startApp({ config, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    process.stderr.write(`mimo-slack cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    // Give pino a moment to flush before exiting.
    setTimeout(() => process.exit(1), 100);
    return;
  }

  const stop = (signal: string) => {
    logger.info({ signal }, 'received signal');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();
