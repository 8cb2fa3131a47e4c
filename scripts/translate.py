"""Fill Chinese translations into kg.po from a JSON file: {"English msgid": "中文", "plural msgid": ["中文"]}.

Use after scripts/i18n has added the new msgids; run scripts/i18n again afterwards to compile.
    .venv/bin/python scripts/translate.py new.json
With --merge A.po B.po, copy every translation found in A.po or B.po (e.g. both sides of a merge conflict).
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "src/kg/locale/zh/LC_MESSAGES/kg.po"


def _key(message):
    return message.id[0] if isinstance(message.id, tuple) else message.id


def _from_po(path):
    with open(path, "rb") as f:
        return {_key(m): (list(m.string) if isinstance(m.id, tuple) else m.string)
                for m in read_po(f) if m.id and m.string and "fuzzy" not in m.flags}


def main(argv):
    if argv[:1] == ["--merge"]:
        found = {}
        for path in argv[1:]:
            found.update(_from_po(path))
    else:
        found = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    with open(PO, "rb") as f:
        cat = read_po(f)
    n = 0
    for m in cat:
        if m.id and _key(m) in found:
            m.string = tuple(found[_key(m)]) if isinstance(m.id, tuple) else found[_key(m)]
            m.flags.discard("fuzzy")
            n += 1
    missing = [_key(m) for m in cat if m.id and not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    cat.header_comment = "# kg's messages in Chinese (the default language). Edit msgstr; run scripts/i18n to compile."
    cat.project, cat.version, cat.fuzzy = "kg", "", False
    with open(PO, "wb") as f:
        write_po(f, cat, width=0, omit_header=False, sort_output=True, ignore_obsolete=True)
    print(f"{n} set; still missing: {len(missing)}")
    for key in missing:
        print("  ", key)


if __name__ == "__main__":
    main(sys.argv[1:])
