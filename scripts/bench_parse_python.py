"""Python's standard email package on the same messages, as the parse benchmark's yardstick:
policy.default, the body text and every attachment decoded, on one core."""
import email
import os
import sys
import time
from email import policy


def load(folders):
    messages = []
    for folder in folders:
        for root, _, files in os.walk(folder):
            if "inputs" not in root.split(os.sep) and "/inputs" not in root:
                continue
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as handle:
                    messages.append(handle.read())
    return messages


def parse(data):
    message = email.message_from_bytes(data, policy=policy.default)
    size = 0
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        try:
            size += len(body.get_content())
        except Exception:
            pass
    for part in message.iter_attachments():
        try:
            content = part.get_content()
            size += len(content)
        except Exception:
            pass
    return size


def main():
    seconds = float(os.environ.get("BENCH_SECONDS", "3"))
    messages = load(sys.argv[1:])
    total = sum(len(m) for m in messages)
    parsed = 0
    parsed_bytes = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for data in messages:
            parse(data)
            parsed += 1
            parsed_bytes += len(data)
    elapsed = time.perf_counter() - start
    print("python: %d messages (%.1f MB per pass), %.0f messages/s, %.2f MB/s"
          % (len(messages), total / 1e6, parsed / elapsed, parsed_bytes / elapsed / 1e6))


if __name__ == "__main__":
    main()
