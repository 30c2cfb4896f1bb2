#!/usr/bin/env python3
"""Generated knowledge base for the kb benchmark, the same for every run (fixed seed).

  bench_kb_fill.py articles DIR COUNT   Markdown articles with front matter into DIR
  bench_kb_fill.py queries DIR COUNT    requests, one per line: most about one article
                                        (some words of its title and body, a typo now and
                                        then), the rest about nothing the base has
"""
import os, random, sys

IT = """account password reset locked vpn remote access wifi wireless network printer print queue scanner toner laptop
desktop monitor screen display docking station keyboard mouse headset microphone camera teams outlook mailbox calendar
meeting room sharepoint onedrive sync folder drive share permission license software install update upgrade driver
firmware bios bitlocker encryption certificate browser chrome firefox edge cache cookie proxy firewall antivirus
phishing spam quarantine backup restore server database cluster storage disk memory cpu performance slow crash freeze
error timeout connection dns dhcp ip address router switch cable port usb bluetooth phone mobile android iphone tablet
app portal ticket request incident approval manager onboarding offboarding badge token authenticator mfa sso login
signin signout session profile policy group role admin rights elevation script powershell terminal ssh git repository
pipeline build deploy container kubernetes cloud tenant subscription invoice budget order hardware replacement loan
warranty repair battery charger adapter power cable projector whiteboard conference video audio sound volume speaker
zoom webex slack jira confluence sap salesforce excel word powerpoint pdf acrobat visio project archive retention
""".split()
FILLER = """the a to of and in for with on your you is are be this that it from by at as can if or not when after before
then will all any more use using open select click choose check make sure need see new one more other first next""".split()
LANG = [("en", 0.8, []), ("de", 0.1, "der die das und ist nicht mit für auf den".split()),
        ("fr", 0.05, "le la les et est pas avec pour sur des".split()), ("es", 0.05, "el la los y es no con para por una".split())]

def vocabulary(rng):
    # Product and system names: a long tail of rare words, as real knowledge bases have.
    syllables = "ka lo mi ra te no vu si pe da zo fi gu ne ba ri co la xe mo".split()
    names = set()
    while len(names) < 6000:
        names.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return sorted(names)

def zipf_pick(rng, words, s=1.1):
    # Rank-frequency: the first words are common, the tail rare.
    n = len(words)
    r = int(n ** rng.random()) - 1
    return words[min(max(r, 0), n - 1)]

def article(rng, number, names):
    lang = rng.choices(LANG, weights=[w for _, w, _ in LANG])[0]
    title_words = [zipf_pick(rng, IT) for _ in range(rng.randint(2, 4))] + [rng.choice(names) for _ in range(rng.randint(1, 2))]
    rng.shuffle(title_words)
    title = " ".join(title_words).capitalize()
    tags = sorted(set(zipf_pick(rng, IT) for _ in range(3)))
    body = []
    for _ in range(rng.randint(6, 12)):
        sentence = []
        for _ in range(rng.randint(8, 18)):
            roll = rng.random()
            if roll < 0.45:
                sentence.append(rng.choice(FILLER + lang[2]))
            elif roll < 0.8:
                sentence.append(zipf_pick(rng, IT))
            elif roll < 0.9:
                sentence.append(rng.choice(title_words))
            else:
                sentence.append(zipf_pick(rng, names, 1.0))
        body.append(" ".join(sentence).capitalize() + ".")
    paragraphs = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
    text = "\n\n".join(paragraphs)
    return lang[0], title, tags, text

def main():
    mode, folder, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(20261130)
    names = vocabulary(rng)
    if mode == "articles":
        os.makedirs(folder, exist_ok=True)
        for number in range(count):
            lang, title, tags, text = article(rng, number, names)
            with open(os.path.join(folder, "kb-%06d.md" % number), "w") as out:
                out.write("---\ntitle: %s\ntags: [%s]\nlanguage: %s\n---\n\n# %s\n\n%s\n" % (title, ", ".join(tags), lang, title, text))
    else:
        files = sorted(os.listdir(folder))
        for number in range(count):
            if rng.random() < 0.8:
                with open(os.path.join(folder, rng.choice(files))) as source:
                    lines = source.read().split("\n")
                title = lines[1][len("title: "):].split()
                body = " ".join(lines[7:]).split()
                words = rng.sample(title, min(len(title), rng.randint(2, 3))) + rng.sample(body, min(len(body), rng.randint(2, 8)))
                if rng.random() < 0.1:
                    i = rng.randrange(len(words))
                    w = words[i]
                    if len(w) > 4:
                        j = rng.randrange(1, len(w) - 1)
                        words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
                print("Hi, " + " ".join(words) + ". Thanks")
            else:
                print("Hello, " + " ".join(rng.choice(FILLER) if rng.random() < 0.5 else "".join(rng.choice("abcdefghij") for _ in range(7)) for _ in range(10)))

main()
