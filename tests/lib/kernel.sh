# The running kernel's version as `seccompat --kernel` takes it (X.Y).
# Checks that compare the analysis with what programs do on this machine
# (strace, kill-mode filters) analyse for this kernel: the engine leaves out
# libc's fallbacks for kernels without a newer call (ENOSYS), which run
# here only when this kernel lacks that call.
host_kernel() {
	uname -r | sed -n 's/^\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p'
}
