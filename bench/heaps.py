"""Does the generated corpus grow its vocabulary as the real letters do? Heaps' law side by side.

    python -m bench.heaps --letters 10000 [--seed 1]

Prints, for the real letters (all, and the modern ones alone) and for the generated corpus,
the tokens, distinct words and the fitted Heaps' law V = K * N^beta: the generated corpus over
the real letters' range of N (the same stretch of the curve), beyond it (where only the
calibration can say how the vocabulary grows) and over its whole length, beside what the real
law predicts at that length. Also the letter lengths in words
(median, mean) of the modern real letters and of the generated ones, and the share of words
that occur once. Words are lower-cased runs of letters and digits, as in ``bench/real.py``.
"""
from __future__ import annotations

import argparse
import collections
import statistics

from bench.real import (
    HeapsFit,
    body_text,
    fit_heaps,
    is_modern,
    letter_text,
    load_real_letters,
    real_heaps,
    vocabulary_curve,
    words,
)


def corpus_statistics(letters) -> dict:
    """Vocabulary curve, once-only share and letter lengths (words) of a stream of letters."""
    counts: collections.Counter[str] = collections.Counter()
    lengths: list[int] = []

    def streams():
        for letter in letters:
            tokens = words(letter_text(letter))
            counts.update(tokens)
            lengths.append(len(words(body_text(letter))))
            yield tokens

    curve = vocabulary_curve(streams())
    once = sum(1 for n in counts.values() if n == 1)
    return {"curve": curve, "once_share": once / max(len(counts), 1), "lengths": lengths}


def _row(name: str, fit: HeapsFit, once: float | None, lengths: list[int] | None) -> str:
    length = f"{statistics.median(lengths):,.0f} / {statistics.mean(lengths):,.0f}" if lengths else ""
    share = f"{once:.2f}" if once is not None else ""
    return (f"| {name} | {fit.tokens:,} | {fit.types:,} | {fit.k:.2f} | {fit.beta:.3f} | "
            f"{fit.n_from:,}-{fit.n_to:,} | {share} | {length} |")


def report(letters: int, seed: int) -> str:
    from bench.generate import ensure_corpus, load_letters

    real = load_real_letters()
    modern = [letter for letter in real if is_modern(letter)]
    real_fit, modern_fit = real_heaps(real), real_heaps(modern)
    real_stats = corpus_statistics(real)
    modern_stats = corpus_statistics(modern)
    generated = corpus_statistics(load_letters(ensure_corpus(letters, seed)))
    same_range = fit_heaps(generated["curve"], real_fit.n_from, real_fit.n_to)
    whole = fit_heaps(generated["curve"], real_fit.n_from)
    beyond = fit_heaps(generated["curve"], real_fit.n_to)
    end_n, end_v = generated["curve"][-1]
    lines = [
        f"Heaps' law V = K * N^beta, real letters vs the generated corpus ({letters:,} letters, seed {seed})", "",
        "| corpus | tokens N | distinct words V | K | beta | fitted over N | share of words seen once | letter words median / mean |",
        "|---|---|---|---|---|---|---|---|",
        _row("real letters (all)", real_fit, real_stats["once_share"], None),
        _row("real modern letters", modern_fit, modern_stats["once_share"], modern_stats["lengths"]),
        _row("generated, over the real range of N", same_range, None, None),
        _row("generated, beyond the real range", beyond, None, None),
        _row("generated, whole corpus", whole, generated["once_share"], generated["lengths"]),
        "",
        f"At N = {end_n:,} the real law predicts V = {real_fit.predict(end_n):,.0f}; the generated corpus has {end_v:,} "
        f"({end_v / real_fit.predict(end_n):.2f}x). Beta, generated minus real: {whole.beta - real_fit.beta:+.3f} "
        f"(whole corpus), {same_range.beta - real_fit.beta:+.3f} (real range).",
    ]
    return "\n".join(lines)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--letters", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    print(report(args.letters, args.seed))


if __name__ == "__main__":
    main()
