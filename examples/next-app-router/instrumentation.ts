// Runs once as the server starts (next start, next dev): the place to say, before any request,
// that without REDIS_URL this instance keeps its tokens, confirmed signs, accounts, SMS codes
// and rate limits to itself.
export function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && !process.env.REDIS_URL) {
    console.warn(
      'REDIS_URL is not set: tokens, confirmed signs, accounts, SMS codes and rate limits are kept in this process, which serves ONE instance only. Set REDIS_URL before starting a second one.',
    );
  }
}
