/// Words that say nothing about which article helps: function words of the languages the
/// desk answers in, and what every help desk mail says ("please help, it does not work").
enum StopWords {
    static let all: Set<String> = Set((english + german + french + spanish + helpDesk).split(separator: " ").map(String.init))

    static let english = """
        a about above after again against all also am an and any are aren't as at be because been before being below between both \
        but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further had hadn't \
        has hasn't have haven't having he her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its \
        itself just let's me more most mustn't my myself no nor not now of off on once only or other ought our ours ourselves out over own \
        same shan't she should shouldn't so some such than that that's the their theirs them themselves then there there's these they \
        they're this those through to too under until up very was wasn't we we're were weren't what what's when where which while who \
        whom why will with won't would wouldn't you you'd you'll you're you've your yours yourself yourselves im ive dont doesnt cant \
        wont isnt didnt couldnt
        """ + " "
    static let german = """
        aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus bei bin bis bist da \
        damit dann das dass daß dein deine dem den der des dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein \
        eine einem einen einer eines er es etwas euer eure für gegen hab habe haben hat hatte hätte ich ihm ihn ihnen ihr ihre im in ist \
        jetzt kann kein keine können könnte man mein meine meinem meinen meiner mich mir mit muss nach nicht nichts noch nun nur ob oder \
        ohne schon sehr sein seine sich sie sind so soll über um und uns unser unsere unter vom von vor war waren warum was weil wenn \
        wer wie wieder will wir wird wo zu zum zur seit gibt geht immer mehr mal
        """ + " "
    static let french = """
        au aux avec ce ces cette dans de des du elle en et eux il ils je la le les leur lui ma mais me même mes moi mon ne nos notre \
        nous on ou où par pas pour qu que qui sa se ses son sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y été être \
        avoir ai as avons avez ont est sont suis était fait peux peut plus depuis ça cela encore toujours très
        """ + " "
    static let spanish = """
        a al algo como con de del desde donde el ella ellos en entre era es esta está están este esto estoy fue ha hay la las le les lo \
        los me mi mis muy más nada ni no nos o os para pero por porque que quien se sea si sin sobre su sus también te tengo tiene todo \
        tu un una uno y ya yo puedo puede funciona todavía
        """ + " "
    /// Said in almost every mail to a desk; they would make every article look relevant.
    static let helpDesk = """
        hi hello hey dear team support helpdesk desk service it please pls plz help thanks thank thx cheers regards best kind \
        need needs needed want wanted would like get got getting issue issues problem problems question trouble work works working \
        worked anymore today yesterday morning afternoon since still again also already just really somehow anyone someone something \
        know think seems seem tried try trying able unable use using used way thing things time now asap urgent urgently quick quickly \
        keep keeps kept keeping gets getting says said tell told see sees seeing seen happen happens happened happening come comes came \
        go goes going went make makes made take takes took look looks looking every always never anything everything nothing else \
        another lot lots much many bit little first next somebody everyone whole \
        hallo bitte danke dank grüße gruß gruesse problem probleme frage funktioniert funktionieren heute gestern morgen leider \
        bonjour salut merci cordialement problème aide besoin aujourd hui hier marche fonctionne \
        hola gracias saludos ayuda problema necesito hoy ayer favor \
        re fw fwd aw wg tr sv rv vs
        """
}
