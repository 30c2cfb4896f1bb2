import Foundation
import Hummingbird
import Prometheus

/// `/healthz`: the process is alive and serving. `/readyz`: every dependency answers, so a
/// load balancer may send work. `/metrics`: Prometheus text exposition.
public struct HealthRoutes: Sendable {
    let checks: [any ReadinessCheck]
    let metrics: PrometheusCollectorRegistry?

    public init(checks: [any ReadinessCheck], metrics: PrometheusCollectorRegistry?) {
        self.checks = checks
        self.metrics = metrics
    }

    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/healthz") { _, _ in
            Self.json(["status": "ok"], status: .ok)
        }
        router.get("/readyz") { _, _ in
            var body: [String: Any] = [:]
            var ready = true
            for check in checks {
                let result = await check.check()
                body[check.name] = ["ready": result.ready, "detail": result.detail]
                ready = ready && result.ready
            }
            body["status"] = ready ? "ready" : "not_ready"
            return Self.json(body, status: ready ? .ok : .serviceUnavailable)
        }
        if let metrics {
            router.get("/metrics") { _, _ in
                var bytes: [UInt8] = []
                metrics.emit(into: &bytes)
                return Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        }
    }

    static func json(_ object: [String: Any], status: HTTPResponse.Status) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
