/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel types ipe.bpf.c reads, cut down to the fields it reads.  CO-RE
 * finds each field by name in the running kernel's BTF (vmlinux, or the
 * dm_mod / dm_verity module BTF), so these need no particular kernel's
 * headers and one object serves 6.1 and 6.12 alike.  Types whose fields
 * moved between versions carry ___v61 / ___v612 flavours.
 */
#ifndef IPE_BPF_KERNEL_H
#define IPE_BPF_KERNEL_H

#define CORE __attribute__((preserve_access_index))

struct qstr {
	const unsigned char *name;
	union {
		struct {
			__u32 hash;
			__u32 len;
		};
		__u64 hash_len;
	};
} CORE;

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
	struct inode *d_inode;
} CORE;

struct vfsmount {
	struct dentry *mnt_root;
	struct super_block *mnt_sb;
} CORE;

struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
} CORE;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
} CORE;

struct fs_struct {
	struct path root;
} CORE;

struct file;

struct mm_struct {
	struct file *exe_file;
} CORE;

struct seccomp {
	int mode;
} CORE;

struct task_struct {
	struct fs_struct *fs;
	int pid;
	int tgid;
	struct task_struct *group_leader;
	__u64 start_time;
	struct mm_struct *mm;
	unsigned int ptrace;
	struct seccomp seccomp;
} CORE;

struct file_system_type {
	const char *name;
} CORE;

struct super_block {
	__u32 s_dev;
	unsigned long s_magic;
	struct file_system_type *s_type;
	struct block_device *s_bdev;
	char s_id[32];
} CORE;

struct fsverity_info;

struct inode {
	unsigned long i_ino;
	struct super_block *i_sb;
	struct fsverity_info *i_verity_info;
} CORE;

struct file {
	struct path f_path;
	struct inode *f_inode;
	unsigned int f_mode;
} CORE;

struct linux_binprm {
	struct file *file;
	unsigned int is_check:1;	/* 6.14+: execveat(AT_EXECVE_CHECK) */
} CORE;

struct vm_area_struct {
	unsigned long vm_flags;
	struct file *vm_file;
} CORE;

/* overlayfs (a module: its types exist while it is loaded).  An overlay
 * inode is the vfs_inode inside an ovl_inode; the file's data lives in the
 * upper dentry, else in the lower one: 6.1 keeps the top lower path in the
 * inode, 6.12 the whole lower stack in an ovl_entry. */
struct ovl_path {
	struct dentry *dentry;
} CORE;

struct ovl_entry___v612 {
	unsigned int __numlower;
	struct ovl_path __lowerstack[0];
} CORE;

struct ovl_inode___v61 {
	struct inode vfs_inode;
	struct dentry *__upperdentry;
	struct ovl_path lowerpath;
} CORE;

struct ovl_inode___v612 {
	struct inode vfs_inode;
	struct dentry *__upperdentry;
	struct ovl_entry___v612 *oe;
} CORE;

/* fs-verity (built in) */
struct fsverity_hash_alg {
	const char *name;
	unsigned int digest_size;
} CORE;

struct merkle_tree_params {
	const struct fsverity_hash_alg *hash_alg;
} CORE;

struct fsverity_info {
	struct merkle_tree_params tree_params;
	__u8 file_digest[64];
} CORE;

/* block layer */
struct module {
	char name[56];
} CORE;

struct block_device_operations {
	struct module *owner;
} CORE;

struct gendisk {
	char disk_name[32];
	const struct block_device_operations *fops;
	void *private_data;
} CORE;

struct block_device {
	struct gendisk *bd_disk;
} CORE;

/* crypto: the algorithm's cra_name, as kernel IPE reports it */
struct crypto_alg {
	char cra_name[128];
} CORE;

struct crypto_tfm {
	struct crypto_alg *__crt_alg;
} CORE;

struct crypto_ahash {
	struct crypto_tfm base;
} CORE;

struct crypto_shash {
	struct crypto_tfm base;
} CORE;

/* device mapper (module dm_mod) and dm-verity (module dm_verity) */
struct target_type {
	const char *name;
} CORE;

struct dm_target {
	struct target_type *type;
	void *private;
} CORE;

struct dm_table {
	unsigned int num_targets;
	struct dm_target *targets;
} CORE;

struct mapped_device {
	void *map;
} CORE;

/* 6.1: one ahash transform; the signature is verified at table load and
 * only its key description is kept. */
struct dm_verity___v61 {
	struct crypto_ahash *tfm;
	__u8 *root_digest;
	unsigned int digest_size;
	char *signature_key_desc;
} CORE;

/* 6.12: an ahash or an shash transform, and the verified signature kept. */
struct dm_verity___v612 {
	struct crypto_ahash *ahash_tfm;
	struct crypto_shash *shash_tfm;
	__u8 *root_digest;
	unsigned int digest_size;
	char *signature_key_desc;
	__u8 *root_digest_sig;
} CORE;

/* BPF objects, by id */
struct bpf_map {
	__u32 id;
} CORE;

struct bpf_prog_aux {
	__u32 id;
} CORE;

struct bpf_prog {
	struct bpf_prog_aux *aux;
} CORE;

enum kernel_read_file_id {
	READING_UNKNOWN,
	READING_FIRMWARE,
	READING_MODULE,
	READING_KEXEC_IMAGE,
	READING_KEXEC_INITRAMFS,
	READING_POLICY,
	READING_X509_CERTIFICATE,
};

enum kernel_load_data_id {
	LOADING_UNKNOWN,
	LOADING_FIRMWARE,
	LOADING_MODULE,
	LOADING_KEXEC_IMAGE,
	LOADING_KEXEC_INITRAMFS,
	LOADING_POLICY,
	LOADING_X509_CERTIFICATE,
};

#endif
