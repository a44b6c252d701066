"""What the Linux bundle takes from the system rather than carrying: read by packaging/liaison.spec
(which leaves these out) and scripts/package.py (which checks the bundle needs nothing else).

Every Linux desktop has them: the C library and its parts, OpenGL and EGL, the X11 and Wayland
client libraries, and those linuxdeployqt's exclude list leaves to the system (the C++ and GCC
runtimes, zlib, Expat, libuuid, X11, fontconfig and FreeType, GLib, libgpg-error), with what only
they needed here (PCRE2 for GLib; libpng and Brotli for FreeType; libXau, libXdmcp, libbsd and
libmd for X11). Besides the size, the bundle then needs no newer C library than its Python does:
Debian 12's libstdc++ and Expat ask for glibc 2.36. Qt's xcb helper libraries stay in the bundle
(libxcb-cursor, say, is missing from many desktops).
"""

from __future__ import annotations

# Left out of the bundle by the spec (PyInstaller would otherwise copy them in).
LEFT_TO_THE_SYSTEM = (
    "libstdc++.so.6",
    "libgcc_s.so.1",
    "libz.so.1",
    "libexpat.so.1",
    "libuuid.so.1",
    "libX11.so.6",
    "libfontconfig.so.1",
    "libfreetype.so.6",
    "libglib-2.0.so.0",
    "libgthread-2.0.so.0",
    "libgpg-error.so.0",
    "libpcre2-8.so.0",
    "libpng16.so.16",
    "libbrotlidec.so.1",
    "libbrotlicommon.so.1",
    "libXau.so.6",
    "libXdmcp.so.6",
    "libbsd.so.0",
    "libmd.so.0",
)
# Never bundled by PyInstaller itself: the C library's parts, and the graphics stack, which must
# match the machine's drivers and display server.
ALWAYS_THE_SYSTEMS = (
    "ld-linux-x86-64.so.2",
    "libc.so.6",
    "libm.so.6",
    "libdl.so.2",
    "libpthread.so.0",
    "librt.so.1",
    "libresolv.so.2",
    "libutil.so.1",
    "libGL.so.1",
    "libEGL.so.1",
    "libOpenGL.so.0",
    "libGLX.so.0",
    "libxcb.so.1",
    "libwayland-client.so.0",
    "libwayland-cursor.so.0",
    "libwayland-egl.so.1",
)
FROM_THE_SYSTEM = frozenset(LEFT_TO_THE_SYSTEM + ALWAYS_THE_SYSTEMS)
