# wppackages: the two commands that matter are `make demo` and `make test`.
SHELL := /bin/bash
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWPP_WERROR=ON -DFETCHCONTENT_FULLY_DISCONNECTED=ON

.PHONY: all setup build test unit demo lint format format-check tidy bench clean db-restore deploy-chroot

all: build

# Installs the Debian and npm dependencies. Idempotent and quiet when
# everything is already there.
setup:
	@scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS) > /dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Every test, then the format check (both must pass).
test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600
	@$(MAKE) --no-print-directory format-check

# Unit tests only (no end-to-end suites).
unit: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

demo: build
	@scripts/demo.sh

format:
	@git ls-files '*.h' '*.cc' | xargs clang-format -i

format-check:
	@git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror

tidy: build
	@git ls-files 'src/*.cc' 'cmd/*.cc' | grep -v _test.cc | xargs clang-tidy -p $(BUILD_DIR) --quiet

lint: format-check tidy

# Replaces the local database (DB=path, else DB_PATH, else
# ./storage/wppackages.db) with the newest snapshot in the backup bucket
# (LITESTREAM_BUCKET and the R2_* credentials), or SNAPSHOT=<key or stamp>,
# then migrates it. WPPACKAGES=path picks the binary (default: the build).
WPPACKAGES ?= $(BUILD_DIR)/wppackages
db-restore:
	@[ -x "$(WPPACKAGES)" ] || $(MAKE) --no-print-directory build
	@"$(WPPACKAGES)" $(if $(DB),--db "$(DB)") db restore --force $(SNAPSHOT)

# provision.yml applied to a debootstrap'd Debian 12 through Ansible's chroot
# connection, then the tree booted with systemd-nspawn (root, a Debian
# mirror, about 10 minutes; not part of `make test`).
deploy-chroot: build
	@tests/deploy/chroot_provision.sh $(BUILD_DIR)

clean:
	rm -rf $(BUILD_DIR) storage
