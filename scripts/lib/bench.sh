# Shared by the benchmark scripts (sourced from the repository's top): the test tools and a
# release build of deskgate, whose path is left in $bench_bin.
bench_prepare() {
    scripts/bootstrap.sh --test-tools
    swift build -c release --product deskgate >/dev/null
    bench_bin="$(swift build -c release --show-bin-path)/deskgate"
}
