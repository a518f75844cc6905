"""The logic of `make check-complexity` (bench/complexity.py), cheaply: the
exponent fit, the verdicts, and every shape's generator building what it
claims (a config that loads or is refused as the shape expects, a request
the engine answers). The timings themselves are never tested: they are the
harness's job, outside `make test`."""

import importlib.util
import json
import pathlib
import sys
from typing import Any

import pytest

import leadrules

HARNESS = pathlib.Path(__file__).resolve().parents[2] / "bench" / "complexity.py"


def load_harness() -> Any:
    spec = importlib.util.spec_from_file_location("complexity", HARNESS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["complexity"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


complexity = load_harness()


@pytest.mark.parametrize("power", [0.0, 1.0, 1.5, 2.0, 3.0])
def test_the_fit_finds_the_power_of_a_power_law(power: float) -> None:
    sizes = [1000, 2000, 4000, 8000]
    values = [7e-6 * s**power for s in sizes]
    assert complexity.fit_exponent(sizes, values) == pytest.approx(power, abs=1e-9)


def test_the_fit_needs_two_sizes() -> None:
    assert complexity.fit_exponent([100], [1.0]) is None
    assert complexity.fit_exponent([100, 100], [1.0, 2.0]) is None


def points(seconds: list[float], heaps: list[int], base: int = 1000) -> list[Any]:
    return [complexity.Point(base * f, s, h, "ok") for f, s, h in zip((1, 2, 4, 8), seconds, heaps)]


SHAPE = complexity.SHAPES[0]


def test_linear_cost_passes() -> None:
    result = complexity.judge(SHAPE, points([0.01, 0.02, 0.04, 0.08], [1000, 2000, 4000, 8000]))
    assert result.failures == []
    assert result.time_exponent == pytest.approx(1.0)


def test_quadratic_time_fails_and_so_does_a_slow_small_input() -> None:
    result = complexity.judge(SHAPE, points([0.01, 0.04, 0.16, 0.64], [1000] * 4))
    assert any("time exponent 2.00" in f for f in result.failures)
    assert any("> 100 ms" in f for f in result.failures)


def test_quadratic_heap_fails_from_a_megabyte_on() -> None:
    big = [1 << 20, 4 << 20, 16 << 20, 64 << 20]
    result = complexity.judge(SHAPE, points([1e-3] * 4, big, base=1 << 20))
    assert any("heap exponent 2.00" in f for f in result.failures)
    small = complexity.judge(SHAPE, points([1e-3] * 4, [1, 4, 16, 64]))
    assert small.failures == []  # a few bytes' slope means nothing


def test_noise_below_the_time_floor_is_not_judged() -> None:
    result = complexity.judge(SHAPE, points([1e-6, 9e-6, 1e-6, 9e-6], [1000] * 4))
    assert result.failures == []


def test_heap_over_its_bound_per_input_byte_fails() -> None:
    heap = complexity.MAX_HEAP_PER_BYTE * (1 << 20) * 2
    result = complexity.judge(SHAPE, points([1e-3] * 4, [heap] * 4, base=1 << 20))
    assert any("bytes per input byte" in f for f in result.failures)


def test_a_timeout_fails() -> None:
    timed_out = points([0.01, 0.02], [1, 2]) + [complexity.Point(4000, error="timeout (> 30 s)")]
    assert any("timeout" in f for f in complexity.judge(SHAPE, timed_out).failures)


#: A driver shape whose config text is its n, for a fake callgrind to read.
COUNTED = complexity.Shape("n", "test", 1, lambda n: (str(n), "{}"), "request", ("ok",))


def counted(power: float, seconds: list[float], workdir: pathlib.Path) -> Any:
    """COUNTED's result at n = 1, 2, 4, 8 whose instructions (as a fake
    callgrind counts them) grow with `power`, its times as given."""
    measured = points(seconds, [1000] * 4)
    for factor, point in zip((1, 2, 4, 8), measured):
        point.count = factor

    def counter(argv: list[str]) -> int:
        runs = int(argv[argv.index("--runs") + 1])
        n = int(pathlib.Path(argv[argv.index("decide") + 1]).read_text())
        return 5_000_000 + runs * int(round(1e6 * float(n) ** power))  # the engine built, then the runs

    args = complexity.argparse.Namespace(driver=pathlib.Path("driver"))
    return complexity.count_points(COUNTED, complexity.judge(COUNTED, measured), args, workdir, counter=counter)


LOADED = [0.002, 0.004, 0.008, 0.040]  # linear, then a loaded machine at 8n: exponent 1.40


def test_a_time_exponent_that_instructions_do_not_share_passes(tmp_path: pathlib.Path) -> None:
    result = counted(1.0, LOADED, tmp_path)
    assert result.failures == []
    assert result.instruction_exponent == pytest.approx(1.0)
    assert "but instructions grow with exponent 1.00" in result.counted


def test_a_time_exponent_that_instructions_share_fails(tmp_path: pathlib.Path) -> None:
    result = counted(2.0, [0.01, 0.04, 0.16, 0.64], tmp_path)
    assert any("instruction exponent 2.00" in f for f in result.failures)
    assert any("> 100 ms" in f for f in result.failures)  # the time rule stands beside it
    assert result.counted == ""


def test_a_count_that_cannot_be_had_leaves_the_time_verdict(tmp_path: pathlib.Path) -> None:
    result = complexity.judge(COUNTED, points(LOADED, [1000] * 4))
    args = complexity.argparse.Namespace(driver=pathlib.Path("driver"))
    after = complexity.count_points(COUNTED, result, args, tmp_path, counter=lambda argv: None)
    assert any(f.startswith("time exponent") for f in after.failures)
    assert after.counted == ""


#: Texts larger than this are only parsed here, not loaded: one full-size
#: workflow (1,000 x 1,000) takes seconds in a debug build. The harness
#: checks every outcome at every size anyway, and the smaller shapes here
#: share those texts' generators.
LOAD_AT_MOST = 64_000


def outcome(shape: Any, count: int) -> str:
    config, request = shape.make(count)
    json.loads(config)
    if len(config) > LOAD_AT_MOST:
        return str(shape.expect[0])
    try:
        engine = leadrules.Engine(config)
    except leadrules.Error as error:
        if request is not None:
            pytest.fail(f"{shape.name}: its config does not load: {error}")
        return str(error.code)
    if request is None:
        return "loaded"
    json.loads(request)
    try:
        engine.decide(request)
    except leadrules.Error as error:
        return f"{error.code}: {error}"
    return "ok"


@pytest.mark.parametrize("shape", complexity.SHAPES, ids=lambda s: s.name)
def test_every_shape_builds_what_it_claims(shape: Any) -> None:
    count = max(1, shape.base // 500) if shape.base >= 10 else 1  # bytes to kilobytes, or one big workflow
    assert outcome(shape, count) in shape.expect
    # and grows with its count, in the texts it says grow
    small, large = shape.make(count), shape.make(2 * count)
    grows = {"config": [0], "request": [1], "request+answer": [1], "both": [0, 1]}[shape.scales]
    for index in grows:
        assert len(large[index]) > len(small[index]), shape.name
