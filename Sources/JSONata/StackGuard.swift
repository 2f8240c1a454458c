#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How deep an evaluation may recurse on the thread it runs on: a runaway recursion fails with
/// `U1001` before it reaches the end of the thread's stack (the depth limit alone cannot know
/// how big each step's frames are: a debug build's are several times a release build's, and a
/// thread's stack may be 512 KiB or 512 MiB).
enum StackGuard {
    /// What is kept free below the limit, for the frames that report the error and for natives
    /// (a regex match, a sort) called from the deepest step.
    static let reserve: UInt = 256 << 10

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The lowest stack address the calling thread's evaluations may reach, found once per thread.
    static func limit() -> UInt {
        if let known = pthread_getspecific(key) { return UInt(bitPattern: known) }
        let limit = stackBottom().map { $0 + reserve } ?? fallbackLimit()
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: limit))
        return limit
    }

    /// The current stack position (the address of a local).
    @inline(__always) static func position() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The lowest address of the calling thread's stack, when the system says.
    private static func stackBottom() -> UInt? {
        #if canImport(Glibc)
        // glibc declares pthread_getattr_np only for _GNU_SOURCE, which Swift's Glibc module
        // does not set: look it up by name.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return nil }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        return UInt(bitPattern: address)
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        return top - UInt(pthread_get_stacksize_np(pthread_self()))
        #else
        return nil
        #endif
    }

    /// Without the stack's bounds: 512 KiB below the first evaluation's position on the thread,
    /// the smallest stack a thread gets on the platforms Swift runs on.
    private static func fallbackLimit() -> UInt {
        position() - (512 << 10) + reserve
    }
}
