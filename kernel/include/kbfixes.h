/*
 * The table of KB fixes: every difference between the RTM-buggy and SP-fixed flavours is listed here
 * and tested at its site with KB_BUG(id) (see kb.h). The build, `ver` and the test harness all read
 * this one table.  KB_FIX(id, component, introduced, fixed_in, title, symptom)
 *   introduced: the release that first had the bug ("RTM" unless it was a regression)
 *   fixed_in:   the service pack (or hotfix) that first carried the fix
 */
KB_FIX(Q160650, "Ob", "RTM", "SP2",
       "Blue screen when closing kernel-mode handles from user mode",
       "STOP 0x00000093 INVALID_KERNEL_HANDLE when a driver closes a handle the user already closed")
KB_FIX(Q179827, "Cm", "RTM", "SP4",
       "Registry handle leak causes random blue screens",
       "after 65,535 opens of one key its KCB count wraps; STOP 0x00000019 BAD_POOL_HEADER")
KB_FIX(Q159204, "Io", "RTM", "SP2",
       "IoCompletionPort causes blue screen error",
       "raw disk I/O with a completion port plus normal I/O on the same partition blue-screens")
KB_FIX(Q272913, "kernel32", "RTM", "post-SP6 hotfix",
       "CreateRemoteThread may leak a handle",
       "a failed CreateRemoteThread returns NULL but leaves the thread handle open")
KB_FIX(Q185727, "ws2_32", "SP3", "SP4",
       "closesocket() fails with 10038 after _open_osfhandle()",
       "closesocket after _close returns WSAENOTSOCK and leaks the socket")
