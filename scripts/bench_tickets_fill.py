"""Writes SQL that fills the inbound journal for the ticket benchmark, in two rounds as mail
really arrives: first new incidents and requests from many people (and some duplicate
deliveries); then, once their tickets exist, replies (tagged with the real reference, or
threaded only by In-Reply-To, with quoted history) and out-of-office replies.
  bench_tickets_fill.py new COUNT            > round1.sql
  bench_tickets_fill.py replies COUNT MAPFILE > round2.sql   (MAPFILE: message_id|reference|sender)"""
import random
import sys

mode, count = sys.argv[1], int(sys.argv[2])
random.seed(7)
para = ("The VPN client is not working since this morning and I cannot reach the file server. "
        "I restarted twice and the error 809 comes back every time. ")
quoted = "".join("> " + line + "\n" for line in (para * 6).split(". "))
mails = []
if mode == "new":
    for index in range(count):
        if mails and random.random() < 0.08:
            mails.append(mails[random.randrange(len(mails))])
            continue
        sender = f"user{index}@bench{index % 50}.example"
        wording = "VPN not working" if index % 3 else "Please install Visio"
        mails.append((sender, f"{wording} for user {index}", f"<n{index}@bench.example>", "", (para * 12) + "\nThanks\nUser\n", ""))
else:
    tickets = [line.strip().split("|") for line in open(sys.argv[3]) if line.strip()]
    for index in range(count):
        original, reference, sender = random.choice(tickets)
        roll = random.random()
        if roll < 0.15:
            mails.append((sender, f"Automatic reply: [{reference}] VPN not working", f"<ooo{index}@bench.example>", "",
                          "I am out of the office.\n", "Auto-Submitted: auto-replied\r\n"))
            continue
        subject = f"Re: [{reference}] VPN not working" if roll < 0.6 else "Re: VPN not working"
        body = f"Still broken, see below.\n\nOn Mon, 30 Nov 2026 at 09:00, IT Support wrote:\n{quoted}"
        mails.append((sender, subject, f"<r{index}@bench.example>", original, body, ""))

print("BEGIN;")
for sender, subject, message_id, in_reply_to, body, extra in mails:
    reply = f"In-Reply-To: {in_reply_to}\r\n" if in_reply_to else ""
    raw = (f"From: {sender}\r\nTo: support@desk.example\r\nSubject: {subject}\r\nMessage-ID: {message_id}\r\n{reply}{extra}"
           f"Date: Mon, 30 Nov 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
           + body.replace("\n", "\r\n"))
    print(f"INSERT INTO inbound_journal (source, raw, raw_sha256, size_bytes, message_id) VALUES "
          f"('file', convert_to($m${raw}$m$, 'UTF8'), sha256(convert_to($m${raw}$m$, 'UTF8')), {len(raw)}, '{message_id}');")
print("COMMIT;")
