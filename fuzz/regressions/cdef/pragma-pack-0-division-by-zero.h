struct leaked_tag { int x; };
#pragma pack(0)
struct{char a;};
#pragma pack(3)
struct p3 { char c; int i; };
#pragma pack(push, 0)
#pragma pack(push, 32)
#pragma pack(pop)
