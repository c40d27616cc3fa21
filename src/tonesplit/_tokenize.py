"""Token ids of a batch of sentences, computed with NumPy over code points.

The tokens are defined by a short regular-expression pipeline (`batch_tokens`):
quotations, proper names, numbers and ``?``/``!`` become marker tokens, the
text is lower-cased, and ``TOKEN_PATTERN`` finds the words. Run as written,
that pipeline costs Python's regular-expression engine a few hundred
nanoseconds per token, which was the largest part of featurizing. `TokenIds`
computes the same token ids with a handful of vectorised passes over the
batch's code points: each character is classified once (word character,
joiner, digit, ...), numbers and token boundaries are found with shifted
comparisons, and each short ASCII token is packed exactly into one integer
key (6 bits a character) and looked up in a NumPy hash map (`IntMap`).
Tokens holding a non-ASCII character or longer than ten characters (a few
percent) are read with the regular expressions, and quotations are found
with ``str.find`` (`_mark_quotes`). The tests hold the two paths to each other.
"""

from __future__ import annotations

import re
from itertools import repeat

import numpy as np

# Marker tokens (lower-case words that cannot occur in ordinary text).
QUOTE_LONG = "zzquote"  # a quotation of four or more words: reported speech
QUOTE_SHORT = "zzscare"  # one to three quoted words: often scare quotes
NUMBER = "zznum"
NAME = "zzname"
QUESTION = "zzquestion"
EXCLAIM = "zzexclaim"

SEP = "\x1e"  # ASCII record separator: joins a batch into one string
#: What a token is: word characters, joined by single apostrophes or hyphens.
TOKEN_PATTERN = r"\w+(?:[’'-]\w+)*"

# A quotation, bounded in length so that a stray quote mark cannot make the
# scan quadratic. Four or more words: reported speech; fewer: scare quotes.
_QUOTE = re.compile(r"[\"“]([^\"“”\n\x1e]{1,600})[\"”]")
# (One character class first: the search then skips ahead at C speed.)
_NUMBER = re.compile(r"[0-9][0-9]*(?:[.,:][0-9]+)*")
# A capitalised word after a space (so not the one opening the sentence): a
# proper name. A lookahead on the space is four times faster than a lookbehind.
_NAME = re.compile(r" (?=[A-Z])")
_TOKEN = re.compile(TOKEN_PATTERN)
_TOKEN_OR_SEP = re.compile(TOKEN_PATTERN + "|" + SEP)

# Python lower-cases a capital sigma by its context (final or not), which a
# token read on its own cannot see: batches holding one take the regex path.
_CONTEXT_LOWER = "\u03a3"


def _quoted(inner: str) -> str:
    """What a quotation holding ``inner`` becomes."""
    return f" {QUOTE_LONG} " if inner.count(" ") >= 3 else f" {QUOTE_SHORT} {inner} "


def _quote_marker(m: re.Match) -> str:
    return _quoted(m.group(1))


def _mark_quotes(text: str) -> str:
    """``_QUOTE.sub(_quote_marker, text)``, found with ``str.find``.

    The pattern's search tests every character against its first character
    class (about 8 ns each); quote marks are rare, and ``str.find`` skips to
    them at memory speed. Since a quotation's inside holds no quote mark, a
    match is a pair of consecutive quote marks: an opening one, then a
    closing one 2 to 601 characters on with no line break or ``SEP`` between.
    """
    marks = sorted(_find_all(text, "\"") + _find_all(text, "\u201c") + _find_all(text, "\u201d"))
    if len(marks) < 2:
        return text
    parts, done, k = [], 0, 0
    while k < len(marks) - 1:
        a, b = marks[k], marks[k + 1]
        if (1 < b - a <= 601 and text[a] != "\u201d" and text[b] != "\u201c"
                and text.find("\n", a, b) < 0 and text.find(SEP, a, b) < 0):
            parts.append(text[done:a])
            parts.append(_quoted(text[a + 1 : b]))
            done = b + 1
            k += 2  # the search goes on after the closing mark
        else:
            k += 1  # the next mark may open a quotation
    parts.append(text[done:])
    return "".join(parts)


def _find_all(text: str, char: str) -> list[int]:
    out, i = [], text.find(char)
    while i >= 0:
        out.append(i)
        i = text.find(char, i + 1)
    return out


def _join(texts: list[str]) -> str:
    joined = SEP.join(texts)
    if joined.count(SEP) != max(len(texts) - 1, 0):  # a text holds the separator itself
        joined = SEP.join(t.replace(SEP, " ") for t in texts)
    return joined


def batch_tokens(texts: list[str], mark: bool) -> list[str]:
    """Tokens of all texts, one ``SEP`` token between consecutive texts.

    This is the definition of tokenization; `TokenIds` is a faster way to the
    same ids.
    """
    text = _join(texts)
    if mark:
        text = _QUOTE.sub(_quote_marker, text)
    return _marked_tokens(text, mark)


def _marked_tokens(text: str, mark: bool) -> list[str]:
    """The tokens of joined ``text`` whose quotations are already marked."""
    if mark:
        text = _NAME.sub(f" {NAME} ", text)
        text = _NUMBER.sub(f" {NUMBER} ", text)
        text = text.replace("?", f" {QUESTION} ").replace("!", f" {EXCLAIM} ")
    return _TOKEN_OR_SEP.findall(text.lower())


def lookup_ids(tokens: list[str], vocabulary: dict[str, int]) -> np.ndarray:
    """The id of each token in ``vocabulary``, -1 for one not in it."""
    return np.fromiter(map(vocabulary.get, tokens, repeat(-1)), dtype=np.int64,
                       count=len(tokens))


# Character classes of the vectorised path.
_OTHER, _WORD, _DIGIT, _JOINER, _SEPC, _QMARK, _EXCL, _NUMSEP, _WIDE = range(9)
_ASCII_CLASS = np.zeros(128, dtype=np.int8)
for _c in range(128):
    _ch = chr(_c)
    if _ch.isalpha() or _ch == "_":
        _ASCII_CLASS[_c] = _WORD
    elif _ch.isdigit():
        _ASCII_CLASS[_c] = _DIGIT
    elif _ch in "'-":
        _ASCII_CLASS[_c] = _JOINER
_ASCII_CLASS[ord(SEP)] = _SEPC
_ASCII_CLASS[ord("?")] = _QMARK
_ASCII_CLASS[ord("!")] = _EXCL
for _ch in ".,:":  # inside a number: "3.5", "10,000", "9:30"
    _ASCII_CLASS[ord(_ch)] = _NUMSEP
_CLASS = np.append(_ASCII_CLASS, np.int8(_WIDE))  # index 128: any non-ASCII character

#: 6-bit code of each ASCII character a short token may hold (0: none; 128:
#: any non-ASCII character).
_SYMBOL = np.zeros(129, dtype=np.uint8)
_ALPHABET = "abcdefghijklmnopqrstuvwxyz_'-0123456789"
for _i, _ch in enumerate(_ALPHABET, 1):
    _SYMBOL[ord(_ch)] = _i
    _SYMBOL[ord(_ch.upper())] = _i  # lower-casing, for free
_KEY_CHARS = 10  # 10 x 6 bits fit an int64
_SHORT_ASCII = re.compile(rf"[{re.escape(_ALPHABET)}]{{1,{_KEY_CHARS}}}")
#: Characters per block: bounds the size of the temporary arrays.
_BLOCK_CHARS = 1 << 20
#: Below this many characters a batch takes the regular expressions: a
#: vectorised pass has a fixed cost (about 0.3 ms in all) that a single
#: article does not repay.
_SMALL_CHARS = 4096


#: The bits of a key that a token of each length fills.
_KEY_MASK = np.array([(1 << (6 * k)) - 1 for k in range(_KEY_CHARS + 1)], dtype=np.int64)
#: Characters that are token events by themselves when marking: "?", "!", SEP.
_MARK_EVENT = np.zeros(_WIDE + 1, dtype=bool)
_MARK_EVENT[[_SEPC, _QMARK, _EXCL]] = True


def _key(token: str) -> int:
    return sum(int(_SYMBOL[ord(ch)]) << (6 * j) for j, ch in enumerate(token))


def _starts(run: np.ndarray) -> np.ndarray:
    """Where a run of True begins."""
    out = run.copy()
    out[1:] &= ~run[:-1]
    return out


class IntMap:
    """A read-only hash map from int64 keys to int64 values, looked up in bulk.

    Open addressing with linear probing in a table at most a third full, so
    a lookup is a couple of vectorised gathers; about twice as fast as
    ``searchsorted`` in a sorted array of the keys.

    Examples
    --------
    >>> m = IntMap(np.array([7, 42, 10**12]), np.array([0, 1, 2]))
    >>> m.get(np.array([42, 5, 10**12])).tolist()
    [1, -1, 2]
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing

    def __init__(self, keys: np.ndarray, values: np.ndarray):
        keys = np.asarray(keys, dtype=np.int64)
        self._bits = max(4, int(np.ceil(np.log2(max(len(keys), 1) * 3))))
        size = 1 << self._bits
        self._keys = np.full(size, -1, dtype=np.int64)  # -1: empty (keys are >= 0)
        self._values = np.full(size, -1, dtype=np.int64)
        slot = self._slot(keys)
        pending = np.arange(len(keys))
        while len(pending):
            free = self._keys[slot[pending]] == -1
            # Of several keys wanting one free slot, the first takes it.
            taken, first = np.unique(slot[pending[free]], return_index=True)
            winners = pending[free][first]
            self._keys[taken] = keys[winners]
            self._values[taken] = np.asarray(values, dtype=np.int64)[winners]
            placed = np.zeros(len(keys), dtype=bool)
            placed[winners] = True
            pending = pending[~placed[pending]]
            slot[pending] = (slot[pending] + 1) & (size - 1)

    def _slot(self, keys: np.ndarray) -> np.ndarray:
        hashed = keys.view(np.uint64) * self._MULTIPLIER
        return (hashed >> np.uint64(64 - self._bits)).view(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 for a key not in the map."""
        keys = np.ascontiguousarray(keys, dtype=np.int64)
        slot = self._slot(keys)
        held = self._keys[slot]
        # Most keys are settled at their first slot (found there, or it is
        # empty): that probe runs over all keys without index bookkeeping.
        found = held == keys
        out = np.where(found, self._values[slot], -1)
        todo = np.flatnonzero(~found & (held != -1))
        slot, mask = slot[todo], (1 << self._bits) - 1
        while len(todo):
            slot = (slot + 1) & mask
            held = self._keys[slot]
            hit = held == keys[todo]
            out[todo[hit]] = self._values[slot[hit]]
            going = ~hit & (held != -1)
            todo, slot = todo[going], slot[going]
        return out


class TokenIds:
    """Map batches of sentences to unigram ids, for one fitted vocabulary.

    Parameters
    ----------
    vocabulary : dict of str to int
        Unigram columns; entries below 0 are ignored.
    mark : bool
        Whether quotations, names, numbers and ``?``/``!`` become markers.
    """

    def __init__(self, vocabulary: dict[str, int], mark: bool):
        self.vocabulary = {t: i for t, i in vocabulary.items() if i >= 0}
        self._with_sep = {**self.vocabulary, SEP: -2}
        self.mark = mark
        short = [(_key(t), i) for t, i in self.vocabulary.items() if _SHORT_ASCII.fullmatch(t)]
        self._short = IntMap(np.array([k for k, _ in short], dtype=np.int64),
                             np.array([i for _, i in short], dtype=np.int64))
        self._marker = {m: self.vocabulary.get(m, -1) for m in (NAME, NUMBER, QUESTION, EXCLAIM)}

    def __call__(self, texts: list[str]) -> np.ndarray:
        """Unigram id of every token: -2 between texts, -1 out of vocabulary."""
        if sum(map(len, texts)) + len(texts) <= _BLOCK_CHARS:
            return self._ids(texts)
        blocks, size, first = [], 0, 0
        for i, t in enumerate(texts):
            if size and size + len(t) > _BLOCK_CHARS:
                blocks.append(texts[first:i])
                first, size = i, 0
            size += len(t) + 1
        blocks.append(texts[first:])
        between = np.array([-2], dtype=np.int64)
        parts = [between] * (2 * len(blocks) - 1)
        parts[::2] = [self._ids(b) for b in blocks]
        return np.concatenate(parts)

    def _slow(self, text: str) -> np.ndarray:
        """Ids by the regular expressions, of joined ``text`` with its quotations marked
        (so a small batch is joined and its quotations found once, not twice)."""
        return lookup_ids(_marked_tokens(text, self.mark), self._with_sep)

    def _ids(self, texts: list[str]) -> np.ndarray:
        text = _join(texts)
        if self.mark:
            text = _mark_quotes(text)
        if (len(text) < _SMALL_CHARS or _CONTEXT_LOWER in text
                or len(text) > 2 * _BLOCK_CHARS):
            # (a small batch: the vectorised passes cost more than they save;
            # one huge text: the regular expressions need less memory)
            return self._slow(text)
        c = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        wide = c >= 128
        any_wide = bool(wide.any())
        code = c.astype(np.uint8)  # ASCII as it is; 128 for any other character
        if any_wide:
            code[wide] = 128
        cls = _CLASS[code]
        if any_wide:
            # Each distinct non-ASCII character is classified once, by Python
            # (\w is exactly "isalnum() or _"); "’" joins like "'".
            chars, inverse = np.unique(c[wide], return_inverse=True)
            kinds = np.array([_JOINER if ch == 0x2019 else _WORD if chr(ch).isalnum()
                              else _OTHER for ch in chars.tolist()], dtype=np.int8)
            cls[wide] = kinds[inverse]
        events = _MARK_EVENT[cls] if self.mark else cls == _SEPC  # "?", "!", SEP
        if self.mark:
            digit = cls == _DIGIT
            number = digit.copy()
            number[1:-1] |= (cls[1:-1] == _NUMSEP) & digit[:-2] & digit[2:]
            events |= _starts(number)
            in_token = cls == _WORD
        else:
            in_token = (cls == _WORD) | (cls == _DIGIT)
        # (the right side is computed whole before the update: no aliasing)
        in_token[1:-1] |= (cls[1:-1] == _JOINER) & in_token[:-2] & in_token[2:]
        # Tokens are the runs of ``in_token``: they start and end at its edges.
        edges = np.flatnonzero(np.diff(in_token, prepend=False, append=False))
        starts, ends = edges[0::2], edges[1::2]
        events[starts] = True
        pos = np.flatnonzero(events)
        kind = cls[pos]  # at an event: a word's first character, a digit, "?", "!" or SEP
        is_word = in_token[pos]
        word_pos = np.flatnonzero(is_word)

        lengths = ends - starts
        # Tokens holding a non-ASCII character, or too long to pack, are read
        # by Python; the rest get an exact key, 6 bits a character (the bits
        # past a token's end are masked off at the end).
        has_wide = np.zeros(len(starts), dtype=bool)
        if any_wide:
            inside = np.flatnonzero(wide & in_token)
            has_wide[np.searchsorted(starts, inside, "right") - 1] = True
        packable = ~has_wide & (lengths <= _KEY_CHARS)
        symbols = np.zeros(len(code) + _KEY_CHARS, dtype=np.uint8)
        np.take(_SYMBOL, code, out=symbols[:len(code)])
        key = symbols[starts].astype(np.int64)
        for j in range(1, _KEY_CHARS):
            more = symbols[j:][starts].astype(np.int64)
            more <<= 6 * j
            key |= more
        key &= _KEY_MASK[np.minimum(lengths, _KEY_CHARS)]
        word_ids = self._short.get(key)  # those of unpackable tokens are replaced below
        splices: dict[int, list[int]] = {}
        vocab_get = self.vocabulary.get
        rest = np.flatnonzero(~packable)
        for k, a, b, w in zip(rest.tolist(), starts[rest].tolist(), ends[rest].tolist(),
                              has_wide[rest].tolist()):
            token = text[a:b].lower()
            if w:
                found_ids = [vocab_get(t, -1) for t in _TOKEN.findall(token)]
                if len(found_ids) != 1:
                    splices[int(word_pos[k])] = found_ids
                    continue
                word_ids[k] = found_ids[0]
            else:
                word_ids[k] = vocab_get(token, -1)
        ids = np.full(len(pos), -1, dtype=np.int64)
        ids[word_pos] = word_ids
        ids[kind == _SEPC] = -2
        if self.mark:
            ids[kind == _DIGIT] = self._marker[NUMBER]  # a digit that is an event starts a number
            ids[kind == _QMARK] = self._marker[QUESTION]
            ids[kind == _EXCL] = self._marker[EXCLAIM]
            # a capital after a space: a name (always a word's start)
            before = code[starts - 1]
            name = (before == 32) & (starts > 0) & ((code[starts] - 65) <= 25)
            names = word_pos[name]
        else:
            names = np.empty(0, dtype=np.int64)
        if not splices:
            return np.insert(ids, names, self._marker[NAME]) if len(names) else ids
        # Rare: a token that lower-casing splits or empties ("İ" -> "i̇").
        extra = {int(k): [self._marker[NAME]] for k in names.tolist()}
        out, prev = [], 0
        for k in sorted(set(splices) | set(extra)):
            out.append(ids[prev:k])
            out.append(np.array(extra.get(k, []) + splices.get(k, [int(ids[k])]),
                                dtype=np.int64))
            prev = k + 1
        out.append(ids[prev:])
        return np.concatenate(out)
