# Thin wrapper over CMake. The two front-door commands (README):
#   make demo   set up, build, and run the main job
#   make test   set up, build, and pass the whole test suite (also the sanitizer build)
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
KESTREL = $(BUILD)/bin/kestrel

.PHONY: setup build demo test test-fast test-asan acceptance-failsafe bench clean

setup:
	@scripts/setup-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

# The main job: the Searcher's performance, then a sortie flown by the autopilot on its own
# estimate (engine start, automatic take-off, a circuit, automatic landing to a stop), its flight
# log and its report.
demo: build
	$(KESTREL) perf searcher2
	$(KESTREL) run circuit --log $(BUILD)/demo.ulg
	$(KESTREL) report $(BUILD)/demo.ulg -o $(BUILD)/demo-report.html
	@echo 'Open $(BUILD)/demo-report.html in a browser to see the sortie.'

# The default test suite: unit + verification tests in the release build, then the unit tests
# again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: test-fast test-asan

test-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-asan: setup
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKESTREL_SANITIZE=ON -DKESTREL_BUILD_BENCH=OFF
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS) -L unit

# The failsafes' acceptance (issue 3): the six fs-* sweeps, 50 seeds each, against the issue's
# figures (tests/failsafe_acceptance_test.sh; docs/failsafes.md). Not in `make test`: it takes
# minutes. RUNS_SCALE=0.2 for a quick look.
acceptance-failsafe: build
	bash tests/failsafe_acceptance_test.sh $(KESTREL)

bench: build
	$(KESTREL) bench
	$(BUILD)/bench/physics_bench

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
