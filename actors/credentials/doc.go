// Package credentials is the domain of guest-set-user-password and the
// three guest-ssh-*-authorized-keys commands.
//
// It decides what qemu-ga 11.1 decides, in its words: the checks and
// their order (a password's base64, then its characters, then the user
// name's; keys before the user), which lines of authorized_keys are keys
// (trimmed, no blank lines, no comments, reported last line first), what
// add and remove make of the file. os/accounts does the OS work: the
// passwd database, chpasswd, and reading and replacing the file without
// following anything the user could have planted in their home.
//
// Invariants:
//   - Logic holds no state; every OS call runs in the Op, off the actor.
//   - None of the four commands is allowed while frozen (their Specs say
//     so; the supervisor's gate refuses them).
//   - Every password change, add and remove that reaches the OS leaves
//     exactly one audit line: the user name, and for keys the number
//     given, added or removed and whether the file was written. Never a
//     password, a key or a line of the file; refused requests (bad
//     base64, a bad key) change nothing and leave none.
//   - The decoded password is zeroed once chpasswd has it.
//   - A key with a line break or a NUL inside, or that is a comment, is
//     refused before anything is read; the file is always written whole
//     (atomically, by the backend) with one key per line.
package credentials
