"""What the operating system said, in Chinese: "[Errno 2] No such file or directory" is no answer
for a clerk. One short phrase per common cause; anything rarer keeps the system's number."""

from __future__ import annotations

import errno

_PHRASES = {
    errno.ENOENT: "文件或文件夹不存在",
    errno.EACCES: "没有{action}权限",
    errno.EPERM: "没有{action}权限",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EEXIST: "文件已经存在",
    errno.EBUSY: "文件正被其他程序占用",
    errno.EMFILE: "同时打开的文件太多",
    errno.EINVAL: "文件名不合法",
    errno.EADDRINUSE: "端口已被占用（可能已经开着一个检查页面；或用 --port 换一个端口）",
    errno.EADDRNOTAVAIL: "这台电脑没有这个地址（--host）",
}


def describe(error: OSError, action: str = "读取") -> str:
    """A short Chinese phrase for an OSError; action is 读取 or 写入."""
    phrase = _PHRASES.get(error.errno)
    if phrase is None:
        name = errno.errorcode.get(error.errno, "") if error.errno else ""
        return f"系统错误（{name or type(error).__name__}）"
    return phrase.format(action=action)
