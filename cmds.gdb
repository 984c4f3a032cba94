set pagination off
set confirm off
target remote 127.0.0.1:
info registers pc
x/2xw 0x80000000
break bump
continue
info registers pc a0
stepi
info registers pc
x/4i $pc
p $priv
p $mstatus
p $fcsr
delete
continue
