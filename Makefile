# Thin wrapper over CMake. The two front-door commands (README):
#   make demo   set up, build, and run the main job
#   make test   set up, build, and pass the whole test suite (also the sanitizer build)
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
KESTREL = $(BUILD)/bin/kestrel

.PHONY: setup build demo test test-fast test-asan bench clean

setup:
	@scripts/setup-deps.sh

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: setup $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	$(KESTREL) perf --aircraft searcher2
	$(KESTREL) openloop --aircraft searcher2 --airspeed 40 --altitude 3000 --inputs data/inputs/doublets.csv --duration 120 --out $(BUILD)/demo-flight.csv

# The default test suite: unit + verification tests in the release build, then the unit tests
# again under AddressSanitizer + UndefinedBehaviorSanitizer.
test: test-fast test-asan

test-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

test-asan: setup
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKESTREL_SANITIZE=ON -DKESTREL_BUILD_BENCH=OFF
	cmake --build $(ASAN_BUILD) -j$(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(JOBS) -L unit

bench: build
	$(KESTREL) bench
	$(BUILD)/bench/physics_bench

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
