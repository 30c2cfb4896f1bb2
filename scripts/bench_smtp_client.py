"""The SMTP server's own receive rate from a simple client: Python smtplib, one connection
reused for every mail, for the outbound benchmark. It sends the very mails the outbox sent
(one hex-encoded raw mail per line of MAILFILE, as psql's COPY writes them), so both sides
hand the server the same bytes.
  bench_smtp_client.py HOST PORT MAILFILE   -> prints mails/s"""
import smtplib
import sys
import time

host, port, mail_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(mail_file) as handle:
    mails = [bytes.fromhex(line.strip()[2:] if line.startswith("\\\\x") else line.strip()) for line in handle if line.strip()]
client = smtplib.SMTP(host, port)
start = time.perf_counter()
for index, raw in enumerate(mails):
    client.sendmail("support@desk.example", [f"user{index}@customer.example"], raw)
elapsed = time.perf_counter() - start
client.quit()
print(f"{len(mails) / elapsed:.1f}")
