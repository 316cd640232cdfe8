// OpenTelemetry: one-tap-phone/server records its spans and metrics on @opentelemetry/api
// (docs/operations.md); this registers the SDK's metrics with the Prometheus exporter, on a port
// of its own on loopback: /metrics is for your Prometheus, not for the internet. Imported first
// by server.js. Traces go the same way with a tracer provider (@opentelemetry/sdk-node).
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

const port = Number(process.env.METRICS_PORT ?? 9464);
const host = process.env.METRICS_HOST ?? '127.0.0.1';
const exporter = new PrometheusExporter({ host, port }, (error) => {
  if (error) throw error;
  console.log(`metrics on http://${host}:${port}/metrics`);
});
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
