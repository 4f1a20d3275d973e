/* A stand-in for the Apple SDK header ring's C code includes, for scripts/cross-check on Linux
 * (no Xcode here): it only says "iOS device". Real iOS builds use the SDK's own header. */
#define TARGET_OS_MAC 1
#define TARGET_OS_IPHONE 1
#define TARGET_OS_IOS 1
#define TARGET_OS_OSX 0
#define TARGET_OS_SIMULATOR 0
