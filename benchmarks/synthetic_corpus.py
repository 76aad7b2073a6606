"""Synthetic libraries for the search benchmark, built from real sentences at run time.

Two corpora, both of 20-measure documents (four sections of five measures) and
both deterministic for a seed:

- ``dense``: every measure recombines sentences from the five customs texts in
  ``../shared/corpus`` (or the project's own samples). Kept unchanged so its
  figures stay comparable with earlier runs; its terms are far too common
  (综合保税区 is in ~89 % of measures), which makes every query score
  thousands of hits.
- ``realistic``: each document takes one real text as its topic, chosen with a
  Zipf-like skew, and draws its sentences mostly from that text, each
  sentence again Zipf-like; the rest come from any text. A specific term
  then sits in the few percent of measures whose topic uses it, as in a real
  library of many unrelated policies.

The real texts are read where they lie (beside the checkout and under
``tests/realworld``) and never copied into the project.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "fixtures" / "search"
CORPUS = ROOT.parent / "shared" / "corpus"
REAL_TEXT_FOLDERS = (CORPUS, ROOT.parent / "shared" / "corpus-real", ROOT / "tests" / "realworld")
CORPORA = ("dense", "realistic")
MEASURES_PER_DOC = 20
SECTIONS_PER_DOC = 4
REGIONS = "青川 白沙 云溪 石湾 绿岭 东滨 南屿 北岚 西峡 金澜 玉衡 长汀 临川 宁远 清江 安平".split()
KINDS = ["省", "市", "县", "新区", "港", "海关"]
TOPICS = [
    "促进综合保税区高质量发展的若干措施",
    "促进跨境贸易便利化专项行动措施",
    "自由贸易试验区海关监管创新措施",
    "口岸营商环境提升措施",
    "支持外贸稳规模优结构实施方案",
]
NUMERALS = "一二三四五六七八九十"
# Realistic corpus: the skew of topics over documents and of sentences within a topic
# (1.0 is Zipf's law), and how often a sentence comes from the document's own topic.
TOPIC_SKEW = 1.0
SENTENCE_SKEW = 0.8
OWN_TOPIC_SHARE = 0.85
SENTENCE_END = re.compile(r"(?<=[。；])")
# A measure must not open with a digit, a bracket or 一、/第: "7." + "5年内" would read
# as the number 7.5 and "6." + "2.单个项目" as 6.2, losing a measure to the parser.
# Sentences that end a real document (an attachment list, a publishing note, a contact)
# would make the parser end the synthetic one there too.
DOCUMENT_END = re.compile(r"附件|此件|联系人|联系电话|抄送")
PLAIN_START = re.compile(r"(?![一二三四五六七八九十第])[\u4e00-\u9fff]")


def sample_sentences(source: str) -> tuple[list[str], list[str]]:
    """(measure titles, body sentences) to recombine: from the real corpus beside the
    checkout (read at run time, never copied into the project) or from our own samples."""
    from index.formats.extract import extract_text
    from index.parsing.parser import parse_policy_text

    folder = CORPUS if source == "corpus" else SAMPLES
    titles: list[str] = []
    sentences: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        doc = parse_policy_text(extract_text(path), fallback_title=path.stem)
        for measure in doc.measures:
            titles.append(measure.title)
            sentences.extend(s + "。" for s in measure.body.split("。") if len(s.strip()) > 4)
    return titles, sentences


def region_of(d: int) -> str:
    """A made-up issuer for document ``d``: 16 regions × 6 kinds before one repeats."""
    return f"{REGIONS[d % len(REGIONS)]}{KINDS[(d // len(REGIONS)) % len(KINDS)]}"


def document_head(d: int, topic_title: str) -> list[str]:
    """Title and date line; the serial number keeps every title (and so every id) distinct."""
    region, year = region_of(d), 2019 + d % 6
    return [
        f"{region}{year}年{topic_title}（样例第{d + 1}号）",
        "",
        f"发布时间：{year}-{1 + d % 12:02d}-{1 + d % 28:02d} 来源：{region}（虚构样例）",
        "",
    ]


def write_document(folder: Path, d: int, lines: list[str]) -> int:
    """Write document ``d``; returns its size in bytes."""
    text = "\n".join(lines)
    (folder / f"doc{d:05d}.txt").write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def write_library(folder: Path, measures: int, source: str, seed: int = 7) -> int:
    """The dense corpus: ``measures`` measures as documents of 20; returns the bytes written."""
    rng = random.Random(seed)
    titles, sentences = sample_sentences(source)
    per_section = MEASURES_PER_DOC // SECTIONS_PER_DOC
    total = 0
    for d in range(measures // MEASURES_PER_DOC):
        region = region_of(d)
        lines = document_head(d, TOPICS[d % len(TOPICS)])
        for s in range(SECTIONS_PER_DOC):
            lines += [f"{NUMERALS[s]}、第{NUMERALS[s]}部分措施", ""]
            for m in range(per_section):
                n = s * per_section + m + 1
                body = "".join(rng.choice(sentences) for _ in range(rng.randint(3, 7)))
                lines += [f"{n}.{rng.choice(titles)}。{region}{body}", ""]
        total += write_document(folder, d, lines)
    return total


@dataclass(frozen=True)
class Topic:
    """One real text as material: its title, measure titles and sentences."""

    title: str
    measure_titles: tuple[str, ...]
    sentences: tuple[str, ...]


def real_text_paths() -> list[Path]:
    """Every document under the real-text folders that exist, in a stable order."""
    from index.library.discovery import folder_documents

    return [
        path for folder in REAL_TEXT_FOLDERS if folder.is_dir() for path in folder_documents(folder)
    ]


def split_sentences(text: str) -> list[str]:
    """Sentences ending in 。 or ；, on one line (a line break inside a measure could
    start a new one when the library is parsed); fragments of 4 characters or fewer
    and sentences that end a document (DOCUMENT_END) go."""
    pieces = (p.replace("\n", "").replace("\r", "").strip() for p in SENTENCE_END.split(text))
    return [p for p in pieces if len(p) > 4 and not DOCUMENT_END.search(p)]


def real_topics() -> list[Topic]:
    """One Topic per distinct real text (the same text in two encodings counts once)."""
    from index.formats.extract import UnreadableFileError, extract_text
    from index.parsing.parser import parse_policy_text

    topics, seen = [], set()
    for path in real_text_paths():
        try:
            text = extract_text(path)
        except UnreadableFileError:
            continue
        digest = hashlib.sha256(text.strip().encode("utf-8")).digest()
        if digest in seen:
            continue
        seen.add(digest)
        doc = parse_policy_text(text, fallback_title=path.stem)
        bodies = [m.body for m in doc.measures] or [doc.preamble]
        sentences = [s for body in bodies for s in split_sentences(body)]
        if any(PLAIN_START.match(s) for s in sentences):
            titles = tuple(
                t for m in doc.measures if PLAIN_START.match(t := m.title.replace("\n", "").strip())
            )
            title = re.sub(r"[\n《》]", "", doc.title)
            topics.append(Topic(title, titles, tuple(sentences)))
    return topics


def zipf_weights(n: int, skew: float) -> list[float]:
    """Cumulative weights 1/rank**skew for ``random.choices``."""
    return list(accumulate(1 / (rank**skew) for rank in range(1, n + 1)))


class TopicSampler:
    """Zipf-like draws of topics and of sentences within each topic, for one seed.

    Topic and sentence ranks are shuffled with the seed, so which text is the
    "popular" one is arbitrary rather than whichever file sorts first.
    """

    def __init__(self, topics: Sequence[Topic], rng: random.Random) -> None:
        self.rng = rng
        self.topics = list(topics)
        rng.shuffle(self.topics)
        self.topic_weights = zipf_weights(len(self.topics), TOPIC_SKEW)
        self.sentences = [rng.sample(t.sentences, len(t.sentences)) for t in self.topics]
        self.sentence_weights = [zipf_weights(len(s), SENTENCE_SKEW) for s in self.sentences]

    def topic(self) -> int:
        return self.rng.choices(range(len(self.topics)), cum_weights=self.topic_weights)[0]

    def sentence(self, own: int) -> str:
        """A sentence of topic ``own`` mostly, else of a topic drawn afresh."""
        t = own if self.rng.random() < OWN_TOPIC_SHARE else self.topic()
        return self.rng.choices(self.sentences[t], cum_weights=self.sentence_weights[t])[0]

    def opening(self, own: int) -> str:
        """A sentence that can open a measure line (see PLAIN_START)."""
        while not PLAIN_START.match(sentence := self.sentence(own)):
            pass
        return sentence

    def measure_title(self, own: int) -> str:
        """One of the topic's measure titles, or none (most real measures have none)."""
        titles = self.topics[own].measure_titles
        return self.rng.choice(titles) if titles and self.rng.random() < 0.5 else ""


def write_realistic_library(folder: Path, measures: int, seed: int = 7) -> int:
    """The realistic corpus: ``measures`` measures as documents of 20; returns the bytes."""
    topics = real_topics()
    if not topics:
        raise SystemExit(f"no real texts found under {', '.join(map(str, REAL_TEXT_FOLDERS))}")
    sampler = TopicSampler(topics, random.Random(seed))
    rng = sampler.rng
    per_section = MEASURES_PER_DOC // SECTIONS_PER_DOC
    total = 0
    for d in range(measures // MEASURES_PER_DOC):
        own = sampler.topic()
        lines = document_head(d, sampler.topics[own].title)
        for s in range(SECTIONS_PER_DOC):
            lines += [f"{NUMERALS[s]}、第{NUMERALS[s]}部分措施", ""]
            for m in range(per_section):
                n = s * per_section + m + 1
                title = sampler.measure_title(own)
                sentences = rng.randint(1, 6)
                head = title + "。" if title else sampler.opening(own)
                rest = sentences if title else sentences - 1
                body = "".join(sampler.sentence(own) for _ in range(rest))
                lines += [f"{n}.{head}{body}", ""]
        total += write_document(folder, d, lines)
    return total


def write_corpus(corpus: str, folder: Path, measures: int, source: str) -> int:
    """Write ``measures`` measures of ``corpus`` (see CORPORA) into ``folder``; bytes written."""
    if corpus == "dense":
        return write_library(folder, measures, source)
    return write_realistic_library(folder, measures)


def document_frequency(texts: Sequence[str], terms: Iterable[str]) -> dict[str, float]:
    """Share of ``texts`` containing each term (a plain substring test)."""
    return {term: sum(term in t for t in texts) / max(len(texts), 1) for term in terms}
