/* The fuzz builds' own copy of stb_image, compiled from Debian's header (the source of libstb)
 * with libFuzzer's coverage instrumentation and the sanitizers, so that the photo fuzzer sees
 * inside the PNG decoder rather than treating it as one opaque call. Linked into the fuzz
 * executables only, where it takes the place of libstb's copy; normal builds use libstb. */
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
